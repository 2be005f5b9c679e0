package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.testkit.Fuzz;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of the whole receive path (sender check, parse, filter/merge) and the VPD decoder: no exception
 * escapes, and the counters account for every datagram.
 */
class UeventFuzzTest {
    private static final int DATAGRAMS = 120_000;
    private static final String[] KEYS = {"ACTION", "DEVPATH", "SUBSYSTEM", "SEQNUM", "MAJOR", "MINOR", "DEVNAME",
            "DEVTYPE", "DM_UUID", "DM_NAME", "DM_ACTION", "DM_PATH", "ID_SERIAL", "DISK_RO", "", "X"};
    private static final String[] ACTIONS = {"add", "remove", "change", "bind", "move", "", "a@b"};
    private static final String[] NAMES = {"sda", "sdb", "dm-0", "loop3", "nvme0n1", "sda1", "", "/", "dm-"};

    private static final long SEED = 0x5eed_4e17L;
    /** The current run's random source (the generators below share it). */
    private Random rnd;
    private final List<RawUevent> fixture = Resources.fixture();

    @Test
    void randomAndMutatedDatagramsAreAllAccountedFor() {
        Fuzz fuzz = Fuzz.of(SEED, DATAGRAMS);
        fuzz.verify(random -> {
            rnd = random;
            UeventCounters counters = new UeventCounters();
            DatagramDecoder decoder = new DatagramDecoder(counters);
            UeventCoalescer coalescer = new UeventCoalescer(DevnodeFilter.defaults(), UidAttributes.parse("sd:ID_SERIAL"),
                    counters);
            List<Uevent> chunk = new ArrayList<>();
            for (int i = 0; i < fuzz.iterations(); i++) {
                Uevent ev = decoder.decode(datagram(i));
                if (ev != null) chunk.add(ev);
                if (chunk.size() == 64 || i == fuzz.iterations() - 1) {
                    coalescer.coalesce(chunk);
                    chunk.clear();
                }
            }
            UeventStats s = counters.snapshot();
            assertEquals(fuzz.iterations(), s.received());
            assertEquals(s.received(), s.parsed() + s.droppedTotal(), s.toString());
            assertEquals(s.parsed(), s.ignored() + s.discarded() + s.filtered() + s.delivered(), s.toString());
            assertEquals(0, s.dropped().getOrDefault(DropReason.PARSER_ERROR, 0L), "an unexpected exception was caught");
            // the generator reaches every stage: valid events, each kind of malformed input, every filter rule
            assertTrue(s.parsed() > fuzz.iterations() / 10, s.toString());
            for (DropReason r : List.of(DropReason.EMPTY, DropReason.BAD_KERNEL_HEADER, DropReason.BAD_UDEV_HEADER,
                    DropReason.MISSING_FIELD, DropReason.HEADER_MISMATCH, DropReason.BAD_SEQNUM,
                    DropReason.UNTRUSTED_SENDER, DropReason.UNKNOWN_GROUP)) {
                assertTrue(s.dropped().getOrDefault(r, 0L) > 0, "never produced " + r + ": " + s);
            }
            assertTrue(s.ignored() > 0 && s.discarded() > 0 && s.filtered() > 0 && s.merged() > 0 && s.delivered() > 0,
                    s.toString());
        });
    }

    @Test
    void vpdDecoderSurvivesRandomAndMutatedPages() {
        Fuzz fuzz = Fuzz.of(SEED, 100_000);
        fuzz.verify(random -> {
            rnd = random;
            byte[][] seeds = {HexFormat.of().parseHex("00830014010300106a123456789abcdefb123456789abcde"),
                    HexFormat.of().parseHex("0083002c020100284c696e75782020204131323334353637383941626344652042202033343536373839416263446566"),
                    HexFormat.of().parseHex("00830018030800146e61612e41313233343536373839416263440000"),
                    HexFormat.of().parseHex("008000144131323334353637383941626344656642313233")};
            int found = 0;
            for (int i = 0; i < fuzz.iterations(); i++) {
                byte[] page = i % 2 == 0 ? randomBytes(rnd.nextInt(300)) : mutate(seeds[rnd.nextInt(seeds.length)]);
                if (page.length > 1 && rnd.nextBoolean()) page[1] = (byte) 0x83;
                int size = 1 + rnd.nextInt(140);
                VpdWwid.Result r = VpdWwid.decode(page, rnd.nextBoolean() ? 0x83 : 0x80, size);
                assertTrue(r.rc() < size, "rc within the buffer");
                if (r.wwid() != null) {
                    assertTrue(r.wwid().length() <= Math.max(r.rc(), 0));
                    found++;
                }
                VpdWwid.fromPage83(page); // the public entry point must not throw either
            }
            assertTrue(found > fuzz.iterations() / 100, "the fuzzer reaches successful decodes: " + found);
        });
    }

    private RawUevent datagram(int i) {
        int group = rnd.nextInt(20) == 0 ? rnd.nextInt(5) : 1 + rnd.nextInt(2);
        int pid = rnd.nextInt(20) == 0 ? 1 + rnd.nextInt(1000) : 0;
        int uid = rnd.nextInt(20) == 0 ? (rnd.nextBoolean() ? -1 : 1000) : 0;
        byte[] data = switch (i % 4) {
            case 0 -> randomBytes(rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(512));
            case 1 -> mutate(fixture.get(rnd.nextInt(fixture.size())).data());
            case 2 -> kernelLike();
            default -> udevLike();
        };
        return new RawUevent(group, pid, uid, data);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private byte[] mutate(byte[] orig) {
        byte[] b = Arrays.copyOf(orig, orig.length);
        int mutations = 1 + rnd.nextInt(6);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] = 0;
                case 2 -> b[at] = (byte) (rnd.nextBoolean() ? '=' : '@');
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                default -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(40));
                    byte[] grown = Arrays.copyOf(b, b.length + len);
                    System.arraycopy(b, at, grown, b.length, len);
                    b = grown;
                }
            }
        }
        return b;
    }

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private byte[] properties(String action, String devpath) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> env = new ArrayList<>();
        if (rnd.nextInt(10) != 0) env.add("ACTION=" + action);
        if (rnd.nextInt(10) != 0) env.add("DEVPATH=" + devpath);
        env.add("SUBSYSTEM=" + (rnd.nextInt(4) == 0 ? "scsi" : "block"));
        env.add("SEQNUM=" + (rnd.nextInt(30) == 0 ? "x" + rnd.nextInt(9) : String.valueOf(rnd.nextInt(100000))));
        env.add("DEVTYPE=" + (rnd.nextInt(8) == 0 ? "partition" : "disk"));
        env.add("MAJOR=" + (rnd.nextInt(10) == 0 ? "-1" : "8"));
        env.add("MINOR=" + rnd.nextInt(300));
        env.add("ID_SERIAL=W" + rnd.nextInt(4));
        for (int k = rnd.nextInt(4); k > 0; k--) {
            env.add(pick(KEYS) + (rnd.nextInt(5) == 0 ? "" : "=") + Long.toString(rnd.nextLong(), 36));
        }
        for (String e : env) {
            out.writeBytes(e.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    private String devpath() {
        return "/devices/fuzz/block/" + pick(NAMES);
    }

    private byte[] kernelLike() {
        String action = pick(ACTIONS);
        String devpath = devpath();
        String header = rnd.nextInt(10) == 0 ? pick(ACTIONS) + "@" + devpath() : action + "@" + devpath;
        if (rnd.nextInt(20) == 0) header = header.replace("@", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        if (rnd.nextInt(30) != 0) out.write(0);
        out.writeBytes(properties(action, devpath));
        return out.toByteArray();
    }

    private byte[] udevLike() {
        byte[] props = properties(pick(ACTIONS), devpath());
        ByteBuffer b = ByteBuffer.allocate(40 + props.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("libudev\0".getBytes(StandardCharsets.US_ASCII));
        b.order(ByteOrder.BIG_ENDIAN).putInt(rnd.nextInt(15) == 0 ? rnd.nextInt() : 0xfeedcafe);
        b.order(ByteOrder.LITTLE_ENDIAN);
        int r = rnd.nextInt(12);
        b.putInt(r == 0 ? rnd.nextInt(100) : 40);
        b.putInt(r == 1 ? rnd.nextInt() : 40);
        b.putInt(r == 2 ? rnd.nextInt(1000) : props.length);
        b.put(new byte[16]);
        b.put(props);
        return b.array();
    }
}

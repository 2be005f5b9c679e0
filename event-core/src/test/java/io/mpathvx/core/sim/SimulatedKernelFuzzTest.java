package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.testkit.Fuzz;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random and mutated tables and messages: the simulated kernel answers with DmException only, never crashes. */
class SimulatedKernelFuzzTest {
    private static final String[] SEEDS = {
            "0 0 1 1 service-time 0 2 2 8:0 1 1 8:32 1 1",
            "1 queue_if_no_path 1 alua 2 1 round-robin 0 1 1 8:0 1 queue-length 0 1 1 8:32 1",
            "4 queue_if_no_path pg_init_retries 50 retain_attached_hw_handler 0 1 1 service-time 0 1 2 8:16 1 1",
            "2 queue_mode bio 0 1 1 round-robin 0 2 0 8:16 8:48"};
    private static final String[] WORDS = {"0", "1", "2", "3", "-1", "99999999999", "8:0", "8:16", "8:32", "253:0",
            "x", "service-time", "round-robin", "queue-length", "alua", "queue_if_no_path", "pg_init_retries", "", ":"};
    private static final String[] MESSAGES = {"fail_path", "reinstate_path", "switch_group", "enable_group",
            "disable_group", "queue_if_no_path", "fail_if_no_path", "FAIL_PATH", "nonsense"};

    @Test
    void fuzzedTablesAndMessagesOnlyEverFailWithDmException() throws Exception {
        SimulatedKernel k = SimFixture.twoByTwo();
        k.create("m", "mpath-m");
        Fuzz fuzz = Fuzz.of(0x5eed, 6000);
        fuzz.verify(rnd -> {
            int loaded = 0;
            for (int i = 0; i < fuzz.iterations(); i++) {
                String[] words = SEEDS[rnd.nextInt(SEEDS.length)].split(" ");
                StringBuilder sb = new StringBuilder();
                for (String w : words) {
                    int r = rnd.nextInt(20);
                    if (r == 0) continue; // drop a word
                    sb.append(r == 1 ? WORDS[rnd.nextInt(WORDS.length)] : w).append(' ');
                    if (r == 2) sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
                }
                long length = rnd.nextInt(4) == 0 ? rnd.nextInt(5) - 1 : SimFixture.SIZE;
                try {
                    k.loadTable("m", List.of(new DmTarget(0, length, rnd.nextInt(10) == 0 ? "linear" : "multipath", sb.toString())));
                    k.resume("m");
                    loaded++;
                    DmTarget live = k.table("m").get(0);
                    if (live.type().equals("multipath")) {
                        assertEquals(live.params(), io.mpathvx.core.multipath.MultipathTable.parse(live.params()).format());
                        String status = k.status("m").get(0).params();
                        assertEquals(status, io.mpathvx.core.multipath.MultipathStatus.parse(status).format());
                    }
                } catch (DmException expected) {
                    assertTrue(expected.getMessage().startsWith("DM_"), expected.getMessage());
                }
                String msg = MESSAGES[rnd.nextInt(MESSAGES.length)] + (rnd.nextBoolean() ? " " + WORDS[rnd.nextInt(WORDS.length)] : "");
                try {
                    k.message("m", rnd.nextInt(3) == 0 ? rnd.nextInt(5) - 1 : 0, msg);
                } catch (DmException expected) {
                    assertTrue(expected.getMessage().startsWith("DM_TARGET_MSG"), expected.getMessage());
                }
            }
            assertTrue(loaded > fuzz.iterations() / 60, "some mutations are valid tables: " + loaded);
            // whatever happened, the live table still reads back in a form the grammar accepts
            String params = k.table("m").get(0).params();
            if (k.table("m").get(0).type().equals("multipath")) {
                assertEquals(params, io.mpathvx.core.multipath.MultipathTable.parse(params).format());
                io.mpathvx.core.multipath.MultipathStatus.parse(k.status("m").get(0).params());
            }
        });
    }
}

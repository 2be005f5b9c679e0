package io.mpathvx.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads multipath.conf: the main file, then every {@code *.conf} file of config_dir in
 * alphabetical order, as if appended to it. Blocking file I/O: call from a worker, not the loop.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Loads {@code mainFile} and its config_dir. A missing main file gives the built-in defaults
     * and a warning (as multipathd does); config_dir is still read. A relative config_dir is taken
     * relative to the main file's directory.
     *
     * @throws ConfigException when a file cannot be read or its structure is unclear
     */
    public static LoadedConfig load(Path mainFile) throws ConfigException {
        return load(mainFile, false);
    }

    /**
     * As {@link #load(Path)}; with {@code nvmeNativeMultipath} (the kernel's
     * /sys/module/nvme_core/parameters/multipath is "Y") the built-in devnode blacklist also
     * excludes NVMe namespaces, which the kernel then multipaths itself, as multipathd does.
     */
    public static LoadedConfig load(Path mainFile, boolean nvmeNativeMultipath) throws ConfigException {
        List<ConfigWarning> warnings = new ArrayList<>();
        ConfigBuilder builder = new ConfigBuilder(warnings);
        String name = mainFile.toString();
        if (Files.exists(mainFile)) {
            applyFile(builder, read(mainFile), name, true, warnings);
        } else {
            warnings.add(new ConfigWarning(name, 0, "file not found; using built-in defaults"));
        }
        Path dir;
        try {
            dir = Path.of(builder.configDir());
        } catch (java.nio.file.InvalidPathException e) {
            warnings.add(new ConfigWarning(name, 0, "invalid config_dir \"" + builder.configDir() + "\"; ignored"));
            return new LoadedConfig(builder.build(nvmeNativeMultipath), warnings);
        }
        if (!dir.isAbsolute()) {
            Path parent = mainFile.toAbsolutePath().getParent();
            dir = parent == null ? dir : parent.resolve(dir);
        }
        for (Path f : confFiles(dir, name, warnings)) {
            applyFile(builder, read(f), f.toString(), false, warnings);
        }
        return new LoadedConfig(builder.build(nvmeNativeMultipath), warnings);
    }

    /** Parses one config text (no config_dir is read). For tests and simulations. */
    public static LoadedConfig parse(String text, String fileName) throws ConfigException {
        List<ConfigWarning> warnings = new ArrayList<>();
        ConfigBuilder builder = new ConfigBuilder(warnings);
        applyFile(builder, text, fileName, true, warnings);
        return new LoadedConfig(builder.build(), warnings);
    }

    private static void applyFile(ConfigBuilder builder, String text, String fileName, boolean mainFile,
                                  List<ConfigWarning> warnings) throws ConfigException {
        int first = warnings.size();
        builder.apply(StanzaParser.parse(text, fileName, warnings), mainFile);
        // syntax warnings come from the first pass, the others from the second: report in line order
        warnings.subList(first, warnings.size()).sort(java.util.Comparator.comparingInt(ConfigWarning::line));
    }

    private static List<Path> confFiles(Path dir, String mainName, List<ConfigWarning> warnings)
            throws ConfigException {
        if (!Files.exists(dir)) return List.of();
        if (!Files.isDirectory(dir)) {
            warnings.add(new ConfigWarning(mainName, 0, "config_dir " + dir + " is not a directory; ignored"));
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(dir.toString(), 0, "cannot list config_dir: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws ConfigException {
        try {
            // ISO-8859-1 maps every byte to one char: no decoding errors, and non-ASCII bytes stay
            // non-ASCII (blanks outside quotes, as for multipathd).
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, "file disappeared while reading", e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }
}

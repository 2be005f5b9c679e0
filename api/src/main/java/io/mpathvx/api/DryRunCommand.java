package io.mpathvx.api;

import io.mpathvx.core.config.ConfigException;
import io.mpathvx.core.config.LoadedConfig;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.checkers.LinuxBlockReadPort;
import io.mpathvx.checkers.LinuxNvmePort;
import io.mpathvx.checkers.LinuxScsiPort;
import io.mpathvx.core.kernel.BlockReadPort;
import io.mpathvx.core.kernel.NvmePort;
import io.mpathvx.core.kernel.ScsiPort;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.dm.LinuxDmControl;
import io.mpathvx.reconciler.DryRun;
import io.mpathvx.reconciler.PathProber;
import io.mpathvx.reconciler.desired.ConfigSettings;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.uevent.DiscoveredPath;
import io.mpathvx.uevent.LinuxSysfs;
import io.mpathvx.uevent.PathDiscovery;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mpathvx dry-run}: discovers paths and reads the kernel's maps like the daemon would, then prints the action
 * and exact table per map (like {@code multipath -d}). Reads only; no map, bindings or wwids file is touched.
 */
final class DryRunCommand {
    private DryRunCommand() {
    }

    static int run(CommandLine cl, PrintStream out, PrintStream err) {
        LoadedConfig config;
        try {
            config = DaemonCommand.loadConfig(cl);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        }
        String sim = cl.option("--sim");
        Sysfs sysfs;
        ScsiPort scsi;
        NvmePort nvme;
        BlockReadPort reads;
        DmControl dm;
        try {
            if (sim != null) {
                KernelPorts kernel = KernelPorts.simulated(Path.of(sim));
                sysfs = kernel.sysfs();
                scsi = kernel.scsi();
                nvme = kernel.nvme();
                reads = kernel.reads();
                dm = kernel.dm();
            } else {
                sysfs = new LinuxSysfs();
                scsi = new LinuxScsiPort();
                nvme = new LinuxNvmePort();
                reads = new LinuxBlockReadPort();
                dm = Files.exists(KernelPorts.DM_CONTROL) ? LinuxDmControl.open() : null;
            }
        } catch (KernelPorts.BadTopology e) {
            err.println("mpathvx: " + e.getMessage());
            return Main.USAGE;
        } catch (Exception e) {
            err.println("mpathvx: cannot read the system: " + e.getMessage());
            return Main.FAILURE;
        }
        try {
            ConfigSettings settings = new ConfigSettings(config.config());
            PathProber prober = PathProber.device(sysfs, scsi, nvme, reads);
            List<PathInfo> paths = new ArrayList<>();
            for (DiscoveredPath d : new PathDiscovery(sysfs, new DaemonSettings(config.config()).discovery()).scan()) {
                if (d.path().wwid() == null) continue;
                paths.add(prober.probe(d.path(), settings.forMap(d.path().wwid(), d.path())));
            }
            List<DryRun.PlannedMap> plans = DryRun.plan(settings, paths, dm == null ? List.of() : DryRun.readKernel(dm));
            if (cl.flag("--json")) {
                out.println(DryRun.toJson(plans).encodePrettily());
            } else {
                out.print(DryRun.format(plans, false));
            }
            return Main.OK;
        } catch (Exception e) {
            err.println("mpathvx: dry run failed: " + e.getMessage());
            return Main.FAILURE;
        } finally {
            if (dm != null) dm.close();
        }
    }
}

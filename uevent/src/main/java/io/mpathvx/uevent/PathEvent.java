package io.mpathvx.uevent;

import io.mpathvx.core.model.DevT;

/**
 * A path device (a block disk that is not a dm device) appeared, changed or went away. {@link #devt()} is null only
 * when the uevent carried no valid MAJOR/MINOR.
 */
public sealed interface PathEvent permits PathEvent.Added, PathEvent.Changed, PathEvent.Removed {
    /** The kernel device name, e.g. {@code sdb}. */
    String name();

    DevT devt();

    /** The uevent this came from (its properties carry udev's ID_SERIAL etc. when the source is udev). */
    Uevent uevent();

    record Added(String name, DevT devt, Uevent uevent) implements PathEvent {
    }

    record Changed(String name, DevT devt, Uevent uevent) implements PathEvent {
    }

    record Removed(String name, DevT devt, Uevent uevent) implements PathEvent {
    }

    /** The path event for an add, change or remove uevent; null for any other action. */
    static PathEvent of(Uevent ev) {
        String name = ev.kernelName();
        DevT devt = ev.devt().orElse(null);
        return switch (ev.action()) {
            case "add" -> new Added(name, devt, ev);
            case "change" -> new Changed(name, devt, ev);
            case "remove" -> new Removed(name, devt, ev);
            default -> null;
        };
    }
}

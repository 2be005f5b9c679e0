package io.mpathvx.core.kernel;

import io.mpathvx.core.model.DevT;

/** The header fields the kernel returns for one dm device (DM_DEV_STATUS and friends). */
public record DmInfo(String name, String uuid, DevT devt, int openCount, long eventNr, int targetCount,
                     boolean suspended, boolean readOnly, boolean activeTable, boolean inactiveTable,
                     boolean deferredRemove) {
}

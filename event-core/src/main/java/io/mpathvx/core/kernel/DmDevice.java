package io.mpathvx.core.kernel;

import io.mpathvx.core.model.DevT;

/** One entry of DM_LIST_DEVICES: a dm device and its event counter. uuid is null when the kernel gave none. */
public record DmDevice(String name, String uuid, DevT devt, long eventNr) {
}

package io.mpathvx.core.config;

/** A multipaths/multipath entry: settings for the map of one WWID. */
record MultipathEntry(String wwid, SectionValues values) {
}

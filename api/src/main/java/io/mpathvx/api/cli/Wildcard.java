package io.mpathvx.api.cli;

import java.util.function.Function;

/** One "%x" of a print format: its letter, its column header and how it prints a T. */
record Wildcard<T>(char letter, String header, Function<T, String> value) {
}

package io.mpathvx.api;

/** Command-line entry point of the mpathvx launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("mpathvx");
    }
}

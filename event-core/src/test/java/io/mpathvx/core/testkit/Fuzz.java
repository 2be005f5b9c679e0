package io.mpathvx.core.testkit;

import java.util.Random;

/**
 * Seed and size of one seeded fuzz run. Defaults come from the test, so a plain build replays the same inputs;
 * {@code -Dfuzz.seed=N} (decimal or 0x hex) and {@code -Dfuzz.iterations=N} override them, so CI can rotate seeds.
 * {@link #verify} names both in any failure, which is all it takes to replay it. The tests' coverage checks ("every
 * drop reason reached") scale with the count but need a few thousand iterations to hold.
 */
public record Fuzz(long seed, int iterations) {
    /** A test body fed by the run's random source. */
    @FunctionalInterface
    public interface Body {
        void run(Random random) throws Throwable;
    }

    public static Fuzz of(long defaultSeed, int defaultIterations) {
        String seed = System.getProperty("fuzz.seed");
        String iterations = System.getProperty("fuzz.iterations");
        return new Fuzz(seed == null || seed.isBlank() ? defaultSeed : Long.decode(seed.strip()),
                iterations == null || iterations.isBlank() ? defaultIterations : Integer.parseInt(iterations.strip()));
    }

    /** Runs the body with a Random seeded from this run; any failure is rethrown with the replay options. */
    public void verify(Body body) {
        try {
            body.run(new Random(seed));
        } catch (Throwable t) {
            String replay = "fuzz failure, replay with " + this;
            System.err.println(replay);
            throw new AssertionError(replay + ": " + t, t);
        }
    }

    @Override
    public String toString() {
        return "-Dfuzz.seed=" + seed + " -Dfuzz.iterations=" + iterations;
    }
}

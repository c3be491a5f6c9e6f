package io.tiergate.cli.engine;

/** The text both engines' benchmark prompts are cut from. */
final class BenchPrompt {

    static final String SENTENCE = "The committee reviewed the quarterly figures, noted a 4.2% rise in shipments to "
            + "Lisbon and Osaka, and asked the engineers why build 1187 took 37 minutes instead of 12. ";

    private BenchPrompt() {}
}

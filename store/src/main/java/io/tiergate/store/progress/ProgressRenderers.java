package io.tiergate.store.progress;

import java.io.PrintWriter;
import java.util.Map;

/** Picks the progress renderer: a redrawn bar on an interactive terminal, plain periodic lines otherwise. */
public final class ProgressRenderers {

    private ProgressRenderers() {}

    /** For the current process: a terminal when {@code System.console() != null} and TERM is set (and not "dumb"). */
    public static PullProgress forProcess(PrintWriter out) {
        return choose(out, System.console() != null, System.getenv());
    }

    public static PullProgress choose(PrintWriter out, boolean hasConsole, Map<String, String> env) {
        String term = env.getOrDefault("TERM", "");
        boolean terminal = hasConsole && !term.isBlank() && !term.equals("dumb");
        return terminal ? new TerminalProgressBar(out, System::nanoTime) : new PeriodicProgressLines(out, System::nanoTime);
    }
}

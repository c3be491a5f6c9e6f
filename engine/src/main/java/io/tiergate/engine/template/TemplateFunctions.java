package io.tiergate.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The globals Hugging Face's template environment defines: {@code raise_exception(message)} and
 * {@code strftime_now(format)}. Registered in Jinjava as static functions; the clock comes from the
 * rendering context so tests can fix the date.
 */
public final class TemplateFunctions {
    static final String CLOCK_VARIABLE = "__tiergate_clock";

    private TemplateFunctions() {}

    /** Thrown by the template itself (e.g. roles that do not alternate); becomes a 400 for the request. */
    static final class RaisedByTemplate extends RuntimeException {
        RaisedByTemplate(String message) {
            super(message, null, false, false);
        }
    }

    public static String raiseException(String message) {
        throw new RaisedByTemplate(message);
    }

    public static String strftimeNow(String format) {
        Object clock = JinjavaInterpreter.getCurrent() == null ? null
                : JinjavaInterpreter.getCurrent().getContext().get(CLOCK_VARIABLE);
        ZonedDateTime now = ZonedDateTime.now(clock instanceof Clock c ? c : Clock.systemDefaultZone());
        return strftime(format, now);
    }

    /** Python's strftime for the directives templates use (%d %b %B %Y %y %m %H %I %M %S %p %a %A %j %%). */
    static String strftime(String format, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'd' -> out.append(String.format("%02d", t.getDayOfMonth()));
                case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'Y' -> out.append(t.getYear());
                case 'y' -> out.append(String.format("%02d", t.getYear() % 100));
                case 'm' -> out.append(String.format("%02d", t.getMonthValue()));
                case 'H' -> out.append(String.format("%02d", t.getHour()));
                case 'I' -> out.append(String.format("%02d", (t.getHour() + 11) % 12 + 1));
                case 'M' -> out.append(String.format("%02d", t.getMinute()));
                case 'S' -> out.append(String.format("%02d", t.getSecond()));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
                case '%' -> out.append('%');
                default -> out.append('%').append(d);
            }
        }
        return out.toString();
    }
}

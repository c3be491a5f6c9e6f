package io.tiergate.router.eval;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Draws PGR against the share of strong calls for several routers into a PNG (headless java.awt). */
public final class PgrPlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;
    private static final int MARGIN = 70;
    private static final Color[] COLORS = {new Color(0xD62728), new Color(0x7F7F7F), new Color(0x1F77B4), new Color(0x2CA02C),
            new Color(0x9467BD), new Color(0xFF7F0E)};

    private PgrPlot() {}

    public static void write(List<RouterEvaluation> rows, String title, Path png) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double yMin = Math.min(0, rows.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.curve().pgr())).min().orElse(0));
        double yMax = Math.max(1, rows.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.curve().pgr())).max().orElse(1));
        int plotW = WIDTH - 2 * MARGIN;
        int plotH = HEIGHT - 2 * MARGIN;
        g.setColor(new Color(0xDDDDDD));
        for (int t = 0; t <= 10; t++) {
            int x = MARGIN + plotW * t / 10;
            g.drawLine(x, MARGIN, x, MARGIN + plotH);
            int y = MARGIN + plotH - (int) Math.round(plotH * ((t / 10.0) * (yMax - yMin)) / (yMax - yMin));
            g.drawLine(MARGIN, y, MARGIN + plotW, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(MARGIN, MARGIN, plotW, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t <= 10; t++) {
            g.drawString(t * 10 + "%", MARGIN + plotW * t / 10 - 10, MARGIN + plotH + 18);
            double v = yMin + (yMax - yMin) * t / 10;
            g.drawString(String.format(Locale.ROOT, "%.2f", v), MARGIN - 40, MARGIN + plotH - plotH * t / 10 + 4);
        }
        g.drawString("share of calls to the strong model", MARGIN + plotW / 2 - 100, HEIGHT - 25);
        g.drawString("PGR", 15, MARGIN + plotH / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, MARGIN, MARGIN - 30);
        g.setStroke(new BasicStroke(2f));
        for (int k = 0; k < rows.size(); k++) {
            double[] pgr = rows.get(k).curve().pgr();
            g.setColor(COLORS[k % COLORS.length]);
            for (int c = 0; c < pgr.length - 1; c++) {
                g.drawLine(x(c, plotW), y(pgr[c], yMin, yMax, plotH), x(c + 1, plotW), y(pgr[c + 1], yMin, yMax, plotH));
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(String.format(Locale.ROOT, "%s (APGR %.3f)", rows.get(k).router(), rows.get(k).apgr().value()),
                    MARGIN + plotW - 230, MARGIN + plotH - 20 - 18 * (rows.size() - 1 - k));
        }
        g.dispose();
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer available");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png, e);
        }
    }

    private static int x(int c, int plotW) {
        return MARGIN + plotW * c / PgrCurve.STEPS;
    }

    private static int y(double v, double yMin, double yMax, int plotH) {
        return MARGIN + plotH - (int) Math.round(plotH * (v - yMin) / (yMax - yMin));
    }
}

package io.promptwave.corpus.lines;

import io.promptwave.corpus.CorpusException;
import io.promptwave.vision.Image;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws one line of text with Java2D, the way a screen or a printer would: dark ink on light
 * paper, anti-aliased, at a size, margin, baseline and shade drawn from the random source. The
 * result is a gray {@link Image} of a fixed height and the width the text needs.
 *
 * <p>Thread-safe: fonts are looked up once and shared; each call draws on its own canvas.
 */
public final class LineRenderer {
    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    private final int height;
    private final double minSize;
    private final double maxSize;
    private final Map<FontFace, Font> fonts = new HashMap<>();

    /**
     * @param height every line's height in pixels
     * @param textSize smallest and largest font size as fractions of the height
     * @param faces every face this renderer will be asked for
     * @param packages the Debian packages that hold them, for the message when one is missing
     * @throws CorpusException when a face's family is not installed
     */
    public LineRenderer(int height, double[] textSize, List<FontFace> faces, List<String> packages)
            throws CorpusException {
        this.height = height;
        this.minSize = textSize[0];
        this.maxSize = textSize[1];
        Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        for (FontFace face : faces) {
            if (!installed.contains(face.family())) {
                throw new CorpusException("font family '" + face.family() + "' is not installed"
                        + (packages.isEmpty() ? "" : " (install: apt-get install " + String.join(" ", packages) + ")"));
            }
            fonts.put(face, new Font(face.family(), face.style(), 1));
        }
    }

    /** @return whether {@code face} has a glyph for every character of {@code text} */
    public boolean canDraw(FontFace face, String text) {
        return font(face).canDisplayUpTo(text) == -1;
    }

    /**
     * @param text one line
     * @param face a face given to the constructor
     * @param random draws size, margins, baseline and shades
     * @param source the label of the image
     * @return the line, gray
     */
    public Image render(String text, FontFace face, SplittableRandom random, String source) {
        float size = (float) (height * random.nextDouble(minSize, maxSize));
        Font font = font(face).deriveFont(size);
        Rectangle2D bounds = font.getStringBounds(text, CONTEXT);
        LineMetrics metrics = font.getLineMetrics(text, CONTEXT);
        int left = (int) Math.round(height * random.nextDouble(0.15, 0.6));
        int right = (int) Math.round(height * random.nextDouble(0.15, 0.6));
        int width = Math.max(1, left + (int) Math.ceil(bounds.getWidth()) + right);
        // centre the ascent-to-descent box, then jitter the baseline a little
        double baseline = (height + metrics.getAscent() - metrics.getDescent()) / 2
                + random.nextDouble(-0.06, 0.06) * height;
        int paper = 255 - random.nextInt(40);
        int ink = random.nextInt(70);
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(new Color(paper, paper, paper));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(ink, ink, ink));
            g.setFont(font);
            g.drawString(text, (float) (left - bounds.getX()), (float) baseline);
        } finally {
            g.dispose();
        }
        byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        return Image.of(pixels, width, height, 1, source);
    }

    private Font font(FontFace face) {
        Font font = fonts.get(face);
        if (font == null) {
            throw new IllegalArgumentException("font " + face + " was not given to this renderer");
        }
        return font;
    }
}

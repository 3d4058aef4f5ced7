package io.promptwave.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class of prompt-core does arithmetic between an array and a Java number through DJL (whose
 * temporary number the backward pass may read after it is freed: see {@link ConstantFactor}), except
 * where nothing is differentiated. A deterministic guard beside {@code ConstantFactorTest}, whose
 * failure depends on the garbage collector's timing.
 */
class NumberArithmeticTest {
    /** The descriptor every {@code NDArray.add/sub/mul/div/pow/maximum/minimum(Number)} call carries. */
    private static final byte[] NUMBER_OPERAND = "(Ljava/lang/Number;)Lai/djl/ndarray/NDArray;"
            .getBytes(StandardCharsets.UTF_8);

    /** Classes allowed to: a boolean mask's bias (no gradient), an initialisation (add saves nothing). */
    private static final List<String> ALLOWED = List.of("io/promptwave/core/model/AttentionMask.class",
            "io/promptwave/core/prompt/PromptFactory.class");

    @Test
    void onlyUndifferentiatedCodeMultipliesByAJavaNumber() throws IOException, URISyntaxException {
        Path classes = Path.of(ConstantFactor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> using = files.filter(f -> f.toString().endsWith(".class")).filter(NumberArithmeticTest::uses)
                    .map(f -> classes.relativize(f).toString().replace('\\', '/')).sorted().toList();
            assertEquals(ALLOWED.stream().sorted().toList(), using,
                    "use ConstantFactor for arithmetic with a constant that autograd may differentiate");
        }
    }

    private static boolean uses(Path classFile) {
        try {
            byte[] bytes = Files.readAllBytes(classFile);
            outer:
            for (int i = 0; i + NUMBER_OPERAND.length <= bytes.length; i++) {
                for (int j = 0; j < NUMBER_OPERAND.length; j++) {
                    if (bytes[i + j] != NUMBER_OPERAND[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

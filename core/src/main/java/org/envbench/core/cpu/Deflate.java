package org.envbench.core.cpu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Deflate (zlib, default level) compression of generated English-like text: MB/s of input. The compressed
 * bytes depend on the zlib the JDK links against, so they are not compared with a stored value; instead
 * verification inflates them and requires the input back, byte for byte.
 */
public final class Deflate extends AbstractKernel {

    /** The words the text is drawn from; common English words so that the text compresses like prose. */
    static final String[] VOCABULARY = (
            "the of and to in a is that for it as was with be by on not he this are or his from at which but"
            + " have an they you were her she there been one all we their has would when if so no will more"
            + " can about up out them some could what into time only other its then than these two may first"
            + " new any like our over such my years now most also after people made very through where much"
            + " your way well should because each just those how too little state good make world still own"
            + " see men work long here get both between life being under never day same another know while last"
            + " might great old year off come since against go came right used take three himself few house"
            + " use during without again place around however home small found thought went say part once general"
            + " high upon school every does got united left number course war until always away something fact"
            + " though water less public put think almost hand enough far took head yet government system better"
            + " set told nothing night end why called didn't eyes find going look asked later knew point next"
            + " program city business give group toward young days let room president side social given present"
            + " several order national possible rather second face per among form important often things looked"
            + " early white case large become need big four within felt children along saw best church ever least"
            + " power development light thing seemed family interest want members mind country area others done"
            + " turned although open problem kernel memory measure machine container virtual benchmark").split(" ");

    /** Native memory of one deflater at the default level plus one inflater, rounded up (zlib's zconf.h formulas). */
    static final long ZLIB_STATE_BYTES = 512L * 1024;

    private static final KernelSpec SPEC = KernelSpec.of("deflate", Resource.CPU, ScoreUnit.MEGABYTES_PER_SECOND,
                    "bytes of generated text compressed")
            .sizes(1L, 256L * 1024L, 256L * 1024 * 1024L)
            .memoryBytes(size -> 2 * size + compressBound(size) + ZLIB_STATE_BYTES);

    public Deflate() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        return new Compressing(generateText(size));
    }

    /** zlib's deflateBound for the default settings plus the zlib wrapper: no input compresses to more. */
    static long compressBound(long size) {
        return size + (size >> 12) + (size >> 14) + (size >> 25) + 13 + 6;
    }

    /**
     * Words of {@link #VOCABULARY} drawn from a seeded PRNG with a skewed (roughly Zipf-like) choice,
     * separated by spaces, with a period and a newline now and then; cut to exactly {@code size} bytes.
     */
    static byte[] generateText(long size) {
        byte[][] words = new byte[VOCABULARY.length][];
        for (int i = 0; i < words.length; i++) {
            words[i] = VOCABULARY[i].getBytes(StandardCharsets.US_ASCII);
        }
        byte[] text = new byte[Math.toIntExact(size)];
        SplittableRandom random = new SplittableRandom(SEED);
        int at = 0;
        while (at < text.length) {
            double u = random.nextDouble();
            byte[] word = words[(int) (u * u * words.length)];
            int length = Math.min(word.length, text.length - at);
            System.arraycopy(word, 0, text, at, length);
            at += length;
            if (at < text.length) {
                int separator = random.nextInt(16);
                text[at++] = (byte) (separator == 0 ? '.' : separator == 1 ? '\n' : ' ');
            }
        }
        return text;
    }

    static long checksumOf(byte[] compressed, int length) {
        CRC32 crc = new CRC32();
        crc.update(compressed, 0, length);
        return ((long) length << 32) ^ crc.getValue();
    }

    static final class Compressing implements Workload {
        private final byte[] input;
        private final byte[] compressed;
        private final byte[] inflated;
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        private int compressedLength = -1;

        Compressing(byte[] input) {
            this.input = input;
            this.compressed = new byte[Math.toIntExact(compressBound(input.length))];
            this.inflated = new byte[input.length + 1];
        }

        @Override
        public long run() {
            deflater.reset();
            deflater.setInput(input);
            deflater.finish();
            int length = 0;
            while (!deflater.finished() && length < compressed.length) {
                int written = deflater.deflate(compressed, length, compressed.length - length);
                if (written == 0) {
                    break;
                }
                length += written;
            }
            if (!deflater.finished()) {
                throw new IllegalStateException("deflate of " + input.length + " bytes did not fit in "
                        + compressed.length + " bytes, more than zlib's deflateBound allows");
            }
            compressedLength = length;
            return checksumOf(compressed, length);
        }

        @Override
        public void verify(long checksum) {
            if (compressedLength < 0) {
                throw new VerificationException("deflate: verify was called before any run");
            }
            long actual = checksumOf(compressed, compressedLength);
            if (checksum != actual) {
                throw new VerificationException("deflate: the run returned checksum " + Long.toHexString(checksum)
                        + " but its " + compressedLength + " compressed bytes give " + Long.toHexString(actual));
            }
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(compressed, 0, compressedLength);
                int length = 0;
                while (!inflater.finished() && length < inflated.length) {
                    int written = inflater.inflate(inflated, length, inflated.length - length);
                    if (written == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    length += written;
                }
                if (!inflater.finished() || length != input.length
                        || !Arrays.equals(inflated, 0, length, input, 0, input.length)) {
                    throw new VerificationException("deflate: inflating the " + compressedLength
                            + " compressed bytes did not give back the " + input.length + "-byte input (got "
                            + length + " bytes" + (inflater.finished() ? "" : ", stream incomplete") + ")");
                }
            } catch (DataFormatException e) {
                throw new VerificationException("deflate: the compressed bytes are not a valid zlib stream: "
                        + e.getMessage());
            } finally {
                inflater.end();
            }
        }

        @Override
        public double workPerRun() {
            return input.length;
        }

        byte[] compressed() {
            return compressed;
        }

        int compressedLength() {
            return compressedLength;
        }
    }
}

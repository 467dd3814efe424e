package dev.ocireg.interop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Just enough of tar (POSIX ustar, plus pax and GNU long names when reading) and gzip for the interop tests, written
 * here so the tests do not depend on what a client under test happens to bring along.
 */
final class TarArchives {
    private static final int BLOCK = 512;
    /** A fixed modification time (2020-01-01T00:00:00Z) so that layers, and so digests, are reproducible. */
    private static final long MTIME = 1_577_836_800L;

    /**
     * A tar of regular files, in the order given; a name ending in {@code /} is a directory. Owner 0:0, mode 0644 for
     * files and 0755 for directories, fixed timestamps.
     */
    static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            String name = entry.getKey();
            boolean directory = name.endsWith("/");
            byte[] content = directory ? new byte[0] : entry.getValue();
            out.writeBytes(header(name, content.length, directory));
            out.writeBytes(content);
            out.writeBytes(new byte[padding(content.length)]);
        }
        out.writeBytes(new byte[2 * BLOCK]); // end of archive
        return out.toByteArray();
    }

    private static byte[] header(String name, long size, boolean directory) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("names longer than 100 bytes are not supported here: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, directory ? 0755 : 0644); // mode
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        h[156] = (byte) (directory ? '5' : '0'); // typeflag
        ascii(h, 257, "ustar\0"); // magic
        ascii(h, 263, "00"); // version
        ascii(h, 265, "root"); // uname
        ascii(h, 297, "root"); // gname
        octal(h, 329, 8, 0); // devmajor
        octal(h, 337, 8, 0); // devminor
        // the checksum is computed with its own field filled with spaces
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String checksum = String.format("%06o", sum);
        ascii(h, 148, checksum);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** Zero-padded octal, NUL-terminated, filling the field. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        ascii(h, offset, padded);
        h[offset + length - 1] = 0;
    }

    private static void ascii(byte[] h, int offset, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    /**
     * The regular files and directories of a tar, by name (a leading {@code ./} removed, directories ending in
     * {@code /}), in archive order. Understands ustar prefixes, pax {@code path} records and GNU long names.
     */
    static Map<String, byte[]> untar(byte[] tar) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = new ByteArrayInputStream(tar)) {
            String longName = null;
            while (true) {
                byte[] h = in.readNBytes(BLOCK);
                if (h.length < BLOCK || isZero(h)) {
                    return entries;
                }
                long size = parseOctal(h, 124, 12);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes(padding(size));
                char type = (char) h[156];
                String name = string(h, 0, 100);
                String prefix = string(h, 345, 155);
                if (string(h, 257, 5).equals("ustar") && !prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                switch (type) {
                    case 'x' -> longName = paxPath(content);
                    case 'L' -> longName = string(content, 0, content.length);
                    case 'g' -> {
                        // global pax header: nothing the tests need
                    }
                    default -> {
                        if (longName != null) {
                            name = longName;
                            longName = null;
                        }
                        if (name.startsWith("./")) {
                            name = name.substring(2);
                        }
                        if (type == '5' && !name.endsWith("/")) {
                            name = name + "/";
                        }
                        if (type == '0' || type == '\0' || type == '5') {
                            entries.put(name, content);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String paxPath(byte[] records) {
        String text = new String(records, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            String keyValue = space < 0 ? record : record.substring(space + 1);
            if (keyValue.startsWith("path=")) {
                return keyValue.substring("path=".length());
            }
        }
        return null;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long parseOctal(byte[] h, int offset, int length) {
        String s = string(h, offset, length).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] data) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sha256:<hex>} of some bytes, computed independently of the registry's own code. */
    static String sha256(byte[] data) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TarArchives() {}
}

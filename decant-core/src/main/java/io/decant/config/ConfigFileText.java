package io.decant.config;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The text of a configuration file, read only when it is a regular file of at most
 * {@link #MAX_BYTES} bytes of UTF-8: a device ({@code /dev/zero}), a FIFO or a directory is
 * refused before it is opened, and a file that grows past the limit while being read is refused
 * after reading one byte more than the limit.
 */
final class ConfigFileText {
    /** A configuration file's largest size; real ones are a few kilobytes. */
    static final int MAX_BYTES = 256 * 1024;

    private ConfigFileText() {
    }

    static String read(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw DecantException.badConfig("configuration file " + path + " does not exist;"
                    + " pass --config FILE or set DECANT_CONFIG");
        } catch (IOException e) {
            throw unreadable(path, e);
        }
        if (attributes.isDirectory()) {
            throw DecantException.badConfig("configuration file " + path + " is a directory, not a file; pass --config FILE");
        }
        if (!attributes.isRegularFile()) {
            throw DecantException.badConfig("configuration file " + path + " is not a regular file (a device, FIFO or"
                    + " socket); Decant reads its configuration only from a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(path);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(path);
        }
        return utf8(path, bytes);
    }

    static DecantException unreadable(Path path, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new DecantException(ErrorCode.BAD_CONFIG, "configuration file " + path
                    + " cannot be read: permission denied; give this user read access to it", e);
        }
        return new DecantException(ErrorCode.BAD_CONFIG, "configuration file " + path + " cannot be read: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }

    private static DecantException tooLarge(Path path) {
        return DecantException.badConfig("configuration file " + path + " is larger than " + MAX_BYTES / 1024
                + " KiB; a Decant configuration is a few kilobytes of YAML");
    }

    /** The bytes as UTF-8 text; a byte sequence that is not UTF-8 is refused with its offset and line. */
    static String utf8(Path path, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String text = decoder.decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (MalformedInputException e) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw DecantException.badConfig("configuration file " + path + " is not UTF-8 text: byte 0x"
                    + String.format("%02X", bytes[Math.min(offset, bytes.length - 1)] & 0xFF) + " at offset " + offset
                    + " (line " + line + ") is not valid UTF-8; save the file as UTF-8");
        } catch (CharacterCodingException e) {
            throw DecantException.badConfig("configuration file " + path + " is not UTF-8 text; save the file as UTF-8");
        }
    }
}

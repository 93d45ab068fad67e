package io.agentdeck.engine.knowledge.ingest;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaMemoryLimitException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;

/**
 * The reasons a file is refused, worded for the person who added it: what is wrong and, where it helps, what to do. No
 * reason carries an exception's message or a class name; the cause is kept on the exception for the log.
 */
final class Rejections {
    private static final Map<String, String> KINDS = Map.of(
            "application/pdf", "The PDF",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "The Word document",
            "application/msword", "The Word document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", "The presentation",
            "application/vnd.ms-powerpoint", "The presentation",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "The spreadsheet",
            "application/vnd.ms-excel", "The spreadsheet",
            "text/html", "The web page");

    private Rejections() {}

    static DocumentRejected tooLarge(long size, long limit) {
        return new DocumentRejected(
                "The file is " + bytes(size) + ", larger than the limit of " + bytes(limit) + ", so it was not read");
    }

    static DocumentRejected empty() {
        return new DocumentRejected("The file is empty");
    }

    static DocumentRejected gone() {
        return new DocumentRejected("The file is no longer there: it was moved or deleted");
    }

    static DocumentRejected notAFile() {
        return new DocumentRejected("This is not a file (it may be a folder)");
    }

    static DocumentRejected notAllowed() {
        return new DocumentRejected("AgentDeck is not allowed to read the file");
    }

    static DocumentRejected tooMuchText(long limit) {
        return new DocumentRejected("The document has more text than the limit of "
                + String.format(Locale.ROOT, "%,d", limit) + " characters, so it was not indexed");
    }

    static DocumentRejected zipBomb() {
        return new DocumentRejected(
                "The file unpacks to far more data than its size (it looks like a zip bomb), so it" + " was not read");
    }

    static DocumentRejected nestedTooDeeply() {
        return new DocumentRejected("The document is nested too deeply to read safely (over 100 levels)");
    }

    static DocumentRejected tooBigToRead() {
        return new DocumentRejected("The document needs more memory to read than AgentDeck allows, so it was not read");
    }

    static DocumentRejected passwordProtected(String mediaType) {
        return new DocumentRejected(kindOf(mediaType) + " is password-protected: remove the password and add it again");
    }

    static DocumentRejected damaged(String mediaType) {
        return new DocumentRejected(kindOf(mediaType) + " could not be read: it may be damaged or incomplete");
    }

    static DocumentRejected notText() {
        return new DocumentRejected("The file is not text: its content looks like binary data");
    }

    static DocumentRejected unreadableText(String mediaType) {
        return new DocumentRejected(kindOf(mediaType) + " gives no readable text (mostly unknown characters)");
    }

    static DocumentRejected noText(String mediaType) {
        if (mediaType.equals("application/pdf")) {
            return new DocumentRejected(
                    "The PDF has no text to index (scanned pages are images, and AgentDeck does not read text in images)");
        }
        if (mediaType.equals("application/octet-stream")) {
            return new DocumentRejected("The file's format is not one AgentDeck can read");
        }
        return new DocumentRejected(kindOf(mediaType) + " has no text to index");
    }

    static DocumentRejected timedOut(Duration limit) {
        return new DocumentRejected(
                "Reading the document took longer than the limit of " + duration(limit) + ", so it was stopped");
    }

    /** The reason for a parse that failed with {@code failure}, a file of {@code mediaType} (as far as it was known). */
    static DocumentRejected forFailure(Throwable failure, String mediaType, long characterLimit) {
        DocumentRejected rejection; // for its reason; the one returned carries the cause
        if (WriteLimitReachedException.isWriteLimitReached(failure)) {
            rejection = tooMuchText(characterLimit);
        } else if (causedBy(failure, EncryptedDocumentException.class)
                || causedBy(failure, org.apache.poi.EncryptedDocumentException.class)) {
            rejection = passwordProtected(mediaType);
        } else if (mentions(failure, "zip bomb") && mentions(failure, "nesting")) {
            rejection = nestedTooDeeply();
        } else if (mentions(failure, "zip bomb")) {
            rejection = zipBomb();
        } else if (causedBy(failure, TikaMemoryLimitException.class) || causedBy(failure, OutOfMemoryError.class)) {
            rejection = tooBigToRead();
        } else if (causedBy(failure, NoSuchFileException.class)) {
            rejection = gone();
        } else if (causedBy(failure, AccessDeniedException.class)) {
            rejection = notAllowed();
        } else if (causedBy(failure, ZeroByteFileException.class)) {
            rejection = empty();
        } else {
            rejection = damaged(mediaType);
        }
        return new DocumentRejected(rejection.getMessage(), failure);
    }

    /**
     * Tika's {@code SecureContentHandler} tells what it stopped only in its messages ("Suspected zip bomb: … levels of
     * XML element nesting"; its exception class is private), so the message is all there is to go on.
     */
    private static boolean mentions(Throwable failure, String words) {
        return chain(failure).stream()
                .map(Throwable::getMessage)
                .anyMatch(message ->
                        message != null && message.toLowerCase(Locale.ROOT).contains(words));
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return chain(failure).stream().anyMatch(type::isInstance);
    }

    /** The failure and its causes, outermost first; bounded, as a parser's exceptions may form a cycle. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < 50 && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    static String kindOf(String mediaType) {
        String kind = KINDS.get(mediaType);
        if (kind != null) {
            return kind;
        }
        return mediaType.startsWith("text/") ? "The text file" : "The file";
    }

    static String bytes(long bytes) {
        long kib = 1024;
        long mib = kib * 1024;
        long gib = mib * 1024;
        if (bytes >= gib) {
            return amount(bytes, gib, "GB");
        }
        if (bytes >= mib) {
            return amount(bytes, mib, "MB");
        }
        if (bytes >= kib) {
            return amount(bytes, kib, "KB");
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    private static String amount(long bytes, long unit, String name) {
        if (bytes % unit == 0) {
            return bytes / unit + " " + name;
        }
        return String.format(Locale.ROOT, "%.1f %s", (double) bytes / unit, name);
    }

    static String duration(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60 || seconds % 60 != 0) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = seconds / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}

package io.agentdeck.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Every text the entities store passes here: PostgreSQL refuses the NUL character in text columns ("invalid byte
 * sequence for encoding UTF8: 0x00") and would fail the whole write, so a NUL becomes U+FFFD, the replacement
 * character, on every database alike. NULs come from small models' random output, binary files read by a tool and
 * documents' extracted text; none of them means anything to a person.
 */
@Converter(autoApply = true)
class TextWithoutNul implements AttributeConverter<String, String> {
    static final char NUL = '\u0000';
    static final char REPLACEMENT = '\uFFFD';

    @Override
    public String convertToDatabaseColumn(String text) {
        return clean(text);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return stored;
    }

    /** Hibernate applies this to HQL parameters bound to a converted attribute as well (HibernateTaskStoreTest). */
    static String clean(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }
}

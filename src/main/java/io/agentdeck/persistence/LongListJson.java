package io.agentdeck.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** A list of ids kept in one text column as JSON, e.g. {@code [1,4]}. */
final class LongListJson {
    private static final TypeReference<List<Long>> TYPE = new TypeReference<>() {};
    private final ObjectMapper json = new ObjectMapper();

    List<Long> read(String text) {
        try {
            return json.readValue(text, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored list of ids is not JSON: " + text, e);
        }
    }

    String write(List<Long> ids) {
        try {
            return json.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.agentdeck.api.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.json.JSONObject;
import org.json.JSONTokener;

/** Between the API's Jackson JSON and the org.json values the socket.io library sends and receives. */
final class OrgJson {
    private OrgJson() {}

    /** A JSONObject for an object, so clients receive plain objects rather than JSON strings. */
    static Object fromJson(String json) {
        return new JSONTokener(json).nextValue();
    }

    static JsonNode toJackson(Object value, ObjectMapper json) throws JsonProcessingException {
        if (JSONObject.NULL.equals(value)) {
            return NullNode.getInstance();
        }
        return json.readTree(JSONObject.valueToString(value));
    }
}

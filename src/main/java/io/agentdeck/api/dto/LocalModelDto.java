package io.agentdeck.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentdeck.engine.llm.LocalModel;

/** A model file as {@code GET /api/models} lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalModelDto(
        String id,
        String name,
        String file,
        long sizeBytes,
        String quantization,
        Integer contextLength,
        String status,
        Double progress,
        Long bytes,
        Long total,
        String error,
        boolean active) {

    public static LocalModelDto of(LocalModel model, boolean active) {
        return new LocalModelDto(
                model.id(),
                model.name(),
                model.file().getFileName().toString(),
                model.sizeBytes(),
                model.quantization().orElse(null),
                model.contextLength().orElse(null),
                model.status().wireName(),
                model.progress().map(p -> Math.round(p * 1000) / 1000.0).orElse(null),
                model.status() == io.agentdeck.engine.llm.ModelFileStatus.DOWNLOADING ? model.bytesDone() : null,
                model.bytesTotal().orElse(null),
                model.error().orElse(null),
                active);
    }
}

package dev.ferstream.jobs.web;

/**
 * A change pushed to the page: the SSE event name ({@code window}, {@code models}, {@code saliency}, {@code snapshot})
 * and its JSON body.
 */
public record ViewEvent(String name, Object data) {
}

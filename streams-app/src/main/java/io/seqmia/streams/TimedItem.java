package io.seqmia.streams;

/** One click reduced to what a sequence needs: the item and its event time (epoch millis). */
public record TimedItem(String itemId, long eventTime) {}

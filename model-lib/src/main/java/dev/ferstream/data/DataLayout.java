package dev.ferstream.data;

/** The on-disk layouts we read; detected from the CSV header, Avro's magic, or the folder's contents. */
public enum DataLayout {
    /** Homework CSV with labels: {@code label,feature}. */
    HW3_LABELLED,
    /** Homework CSV without labels: {@code id,feature} (labels come from a separate id,label file). */
    HW3_IDS,
    /** Kaggle's {@code emotion,pixels,Usage}. */
    KAGGLE,
    /** {@code <emotion name>/*.png|jpg}, optionally below a split folder. */
    IMAGE_FOLDERS,
    /** The streaming job's feedback store: Avro {@code FeedbackRecord} files in {@code dt=YYYY-MM-DD/hour=HH/}, or one. */
    FEEDBACK
}

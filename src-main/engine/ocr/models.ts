/** Manifest ids of the models the default OCR configuration needs (models/manifest.json). */
export const OCR_MODEL_IDS = ['ppocr-v4-det', 'ppocr-v3-japan-rec', 'tesseract-jpn', 'tesseract-jpn-vert'] as const;

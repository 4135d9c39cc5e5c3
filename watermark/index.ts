// Public API of the watermark module (pure: no database, no other top-level folder).
export { WatermarkError } from './errors.ts';
export { MIN_KEY_BYTES, keyBytes, type KeyInput } from './keys.ts';
export { createCellMarker, NUMERIC_LSB_TOLERANCE, type CellMarker, type MarkOptions } from './table.ts';
export { createCsvMarker, createCsvRewriter, createCsvRowWriter, type CsvMarkOptions, type CsvRowWriterOptions, type CsvStreamInfo } from './csv.ts';
export { createXlsxRowWriter, markXlsxStream, type XlsxRowWriter } from './xlsx.ts';
export {
  detectTable, observeRows, readTableRows, scoreObservation, MATCH_THRESHOLD,
  type CandidateScore, type TableCandidate, type TableDetection, type TableObservation, type ScoreOptions,
} from './detect.ts';
export {
  embedImage, detectImage, imagePsnr, DETECTION_SCALES, PAYLOAD_BITS,
  type EmbedImageOptions, type EmbedImageResult, type DetectImageOptions, type ImageDetection, type ImageCandidateScore, type ImageFormat,
} from './image.ts';

/** PaddleOCR's inference.yml → its dictionary file: one character a line, CRLF, as PaddleOCR ships it. */
import yaml from 'js-yaml';

export function paddleDictFromYaml(text) {
  // FAILSAFE: every scalar stays a string ("0", "null" and "~" are characters here, not numbers or nulls)
  const y = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA });
  const chars = y?.PostProcess?.character_dict;
  if (!Array.isArray(chars) || !chars.length) throw new Error('inference.yml has no PostProcess.character_dict');
  return Buffer.from(chars.join('\r\n') + '\r\n', 'utf8');
}

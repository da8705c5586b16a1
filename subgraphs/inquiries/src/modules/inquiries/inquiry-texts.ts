import { RuleViolation, ok, refused } from '@gatehouse/shared';
import { InquiriesResult } from '../../errors/inquiries-error-code';

/** A title, message or reply trimmed, refused (INVALID_TEXT) when empty or longer than `max` characters. */
export function checkedText(value: string, max: number, field: string[]): InquiriesResult<string> {
  const text = value.trim();
  if (!text) return refused(new RuleViolation('INVALID_TEXT', `${field.at(-1)} is empty.`, field));
  if ([...text].length > max) return refused(new RuleViolation('INVALID_TEXT', `${field.at(-1)} is longer than ${max.toLocaleString('en-US')} characters.`, field));
  return ok(text);
}

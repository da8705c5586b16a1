import { Filter, parse } from 'scim2-parse-filter';
import { ScimError } from './scim-error';

/** The one equality a SCIM list request may ask for (what Entra ID and Google Workspace send). */
export interface ScimEquality {
  attribute: string;
  value: string;
}

/**
 * Parses a `filter` parameter with a maintained SCIM filter parser, then keeps to what we index:
 * a single `eq` on one of `attributes` (case-insensitive names, per RFC 7644). Anything else is
 * answered with SCIM's invalidFilter error rather than a wrong result.
 */
export function parseEquality(filter: string | undefined, attributes: readonly string[]): ScimEquality | null {
  if (filter === undefined || filter.trim() === '') return null;
  let ast: Filter;
  try {
    ast = parse(filter);
  } catch {
    throw new ScimError(400, `The filter "${filter}" is not valid SCIM filter syntax.`, 'invalidFilter');
  }
  if (ast.op !== 'eq' || !('attrPath' in ast)) throw new ScimError(400, `Only "<attribute> eq <value>" filters on ${attributes.join(', ')} are supported.`, 'invalidFilter');
  const attribute = attributes.find((a) => a.toLowerCase() === ast.attrPath.toLowerCase());
  if (!attribute || typeof ast.compValue !== 'string') throw new ScimError(400, `Filtering is supported on ${attributes.join(', ')} with a string value.`, 'invalidFilter');
  return { attribute, value: ast.compValue };
}

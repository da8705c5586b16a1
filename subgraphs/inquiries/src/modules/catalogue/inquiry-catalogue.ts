/**
 * The kinds of inquiry a member picks in "Contact Admin" (the Cloosphere seed's table), as data:
 * clients list them with `inquiryTypes`, and a new kind is a line here, not a schema change.
 */
export interface InquirySubtypeEntry {
  key: string;
  name: string;
}

export interface InquiryTypeEntry {
  key: string;
  name: string;
  description: string;
  subtypes: readonly InquirySubtypeEntry[];
}

export const inquiryCatalogue: readonly InquiryTypeEntry[] = [
  {
    key: 'USAGE_LIMIT',
    name: 'Usage limit',
    description: 'Token limit related.',
    subtypes: [
      { key: 'LIMIT_INCREASE', name: 'Limit increase' },
      { key: 'LIMIT_CHECK', name: 'Limit check' },
    ],
  },
  {
    key: 'FEATURE',
    name: 'Feature',
    description: 'Feature usage.',
    subtypes: [
      { key: 'CHAT', name: 'Chat' },
      { key: 'AGENTS', name: 'Agents' },
      { key: 'KNOWLEDGE_BASES', name: 'Knowledge bases' },
      { key: 'DATABASES', name: 'Databases' },
      { key: 'TOOLS', name: 'Tools' },
    ],
  },
  {
    key: 'BUG',
    name: 'Bug',
    description: 'Error reports.',
    subtypes: [
      { key: 'CHAT_ERROR', name: 'Chat error' },
      { key: 'AGENT_ERROR', name: 'Agent error' },
      { key: 'UPLOAD_ERROR', name: 'Upload error' },
      { key: 'OTHER', name: 'Other' },
    ],
  },
  {
    key: 'ACCOUNT',
    name: 'Account',
    description: 'Account and permission related.',
    subtypes: [
      { key: 'PERMISSION_REQUEST', name: 'Permission request' },
      { key: 'ACCOUNT_ISSUE', name: 'Account issue' },
    ],
  },
  {
    key: 'OTHER',
    name: 'Other',
    description: 'Other inquiries.',
    subtypes: [
      { key: 'IMPROVEMENT', name: 'Improvement' },
      { key: 'OTHER', name: 'Other' },
    ],
  },
];

/** The one type a PENDING member (who has no access to anything else) may send: asking about their account. */
export const pendingMemberType = 'ACCOUNT';

/** The type and subtype whose inquiry may carry a requested daily token limit. */
export const limitRequestKind = { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE' } as const;
/** The type and subtype whose inquiry may carry a requested role, group or space. */
export const accessRequestKind = { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST' } as const;

/** The catalogue's entry for a type key and subtype key, or null when the pair is not in it. */
export function catalogueEntry(type: string, subtype: string): { type: InquiryTypeEntry; subtype: InquirySubtypeEntry } | null {
  const entry = inquiryCatalogue.find((t) => t.key === type);
  const sub = entry?.subtypes.find((s) => s.key === subtype);
  return entry && sub ? { type: entry, subtype: sub } : null;
}

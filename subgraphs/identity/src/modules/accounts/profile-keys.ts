/** The key a membership keeps for ordering (by name, then e-mail) and searching its organization's users. */
export function profileKeys(name: string, lastName: string, email: string): { searchText: string } {
  const fullName = `${name} ${lastName}`.trim().toLowerCase().slice(0, 201);
  return { searchText: `${fullName} ${email.trim().toLowerCase()}`.slice(0, 640) };
}

/** The digits of a phone number, for searching regardless of formatting. */
export function phoneDigits(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits || null;
}

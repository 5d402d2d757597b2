// Who took an action: the API key and, for an official, the person it was issued to.
// The API sets it from the authenticated key, never from a request body. No zod here: workflow
// code uses it.

/** The person an official's key is issued to (SPEC "Users and roles"). */
export interface Person {
  surname: string;
  initials: string;
  position: string;
}

export interface Actor {
  keyId: string;
  role: 'intake' | 'official' | 'portal' | 'auditor' | 'admin';
  /** Officials only. */
  person?: Person;
}

/** "Досаев Е.А.": how the person signs. */
export function signatureOf(person: Person): string {
  return `${person.surname} ${person.initials}`;
}

/** Whether a name given in a request is this person's, ignoring spaces and letter case. */
export function namesPerson(name: string, person: Person): boolean {
  const norm = (s: string) => s.replace(/\s+/gu, '').toLocaleLowerCase('ru');
  return norm(name) === norm(signatureOf(person));
}

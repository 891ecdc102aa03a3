import { describe, expect, it } from 'vitest';
import { CURRENT_SCRYPT, DUMMY_PASSWORD_HASH, hashPassword, isPasswordHash, passwordHashIsOutdated, verifyPassword } from '../../../src/http/password.js';

const parametersOf = (hash: string) => hash.split('$').slice(1, 4).map(Number);

describe('password hashes', () => {
  it('are made with scrypt N=2^17, r=8, p=1 (the OWASP minimum), parameters in the string', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(parametersOf(hash)).toEqual([131072, 8, 1]);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery!', hash)).toBe(false);
    expect(passwordHashIsOutdated(hash)).toBe(false);
  });

  it('verify a hash made with the earlier N=2^15, and call it outdated', async () => {
    // As the previous `lgs users hash` made it (N=2^15) for the password "manager-password-1".
    const old = 'scrypt$32768$8$1$WRd1jqzBGGq9FN9DHXyqeQ==$WofBJ0j1NjvmFyFtyhFCpgSWl5rjgQbd99YZGPKydMM=';
    expect(await verifyPassword('manager-password-1', old)).toBe(true);
    expect(passwordHashIsOutdated(old)).toBe(true);
  });

  it('verify a login for an unknown user against a dummy hash with the current parameters', () => {
    expect(parametersOf(DUMMY_PASSWORD_HASH)).toEqual([CURRENT_SCRYPT.N, CURRENT_SCRYPT.r, CURRENT_SCRYPT.p]);
    expect(isPasswordHash(DUMMY_PASSWORD_HASH)).toBe(true);
  });

  it('refuse parameters scrypt cannot use or that would exhaust memory', () => {
    expect(isPasswordHash('scrypt$30000$8$1$AAAA$AAAA')).toBe(false);
    expect(isPasswordHash(`scrypt$${2 ** 24}$8$1$AAAA$AAAA`)).toBe(false);
  });
});

export interface PasswordCheck {
  readonly isMatch: boolean
  /** The stored hash uses other parameters than the hasher's current ones: store a fresh hash. */
  readonly needsRehash: boolean
}

/** Slow, salted password hashing; the hash string carries its own parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  /**
   * Checks `password` against `storedHash` in constant time. A null or unreadable hash (no such
   * account, no password) costs the same work as a real one and never matches, so response
   * time does not reveal whether a username exists.
   */
  verify(password: string, storedHash: string | null): Promise<PasswordCheck>
}

/* password.h: argon2id hashing (libsodium) and the password policy. */
#ifndef QIAO_PASSWORD_H
#define QIAO_PASSWORD_H

#include <stddef.h>

/* Room for a libsodium crypto_pwhash_str() result. */
#define PASSWORD_HASH_MAX 128

/* Hashes with argon2id (t=2, 19 MiB, OWASP's minimum). 0, or -1 when out of memory. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
/* 1 when password matches hash, 0 when not (also for a malformed hash). */
int password_verify(const char *hash, const char *password);
/* Spends the time of one verification; used when the user is unknown so that timing does
 * not tell which usernames exist. */
void password_burn(const char *password);

/* Returns NULL when the password is acceptable, else a message naming the rule:
 * at least 8 characters, at most 128, three of lower/upper/digit/symbol, not containing
 * the username (case-insensitive). */
const char *password_policy_check(const char *username, const char *password);

/* Fills out with a random password of len characters (len >= 12) that meets the policy. */
void password_generate(char *out, size_t len);

#endif

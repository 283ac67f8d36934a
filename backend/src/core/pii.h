/* pii.h: personal data at rest: ID-card numbers and phones sealed with libsodium's secretbox
 * (XSalsa20-Poly1305) under a key from QIAO_DATA_KEY, and a keyed blind index (BLAKE2b) so an
 * exact value can still be looked up without decrypting every row. */
#ifndef QIAO_PII_H
#define QIAO_PII_H

#include <stddef.h>

#define PII_KEY_BYTES 32
#define PII_KID_LEN 8    /* the key id: hex of the key's fingerprint */
#define PII_INDEX_LEN 32 /* hex of a 16-byte keyed hash */

/* The keys derived from the settings: the current one seals and indexes, the old one (during a
 * rotation) still opens what it sealed. */
struct pii_keys {
	unsigned char seal[PII_KEY_BYTES];
	unsigned char index[PII_KEY_BYTES];
	char kid[PII_KID_LEN + 1];
	unsigned char old_seal[PII_KEY_BYTES];
	char old_kid[PII_KID_LEN + 1];
	int has_old;
};

/* Derives the keys from the secrets (old may be NULL or empty). -1 when a secret is shorter
 * than 32 characters. */
int pii_keys_init(struct pii_keys *k, const char *secret, const char *old_secret);

/* "pii1:<kid>:<base64 of nonce and box>" for plain; malloc'd. */
char *pii_seal(const struct pii_keys *k, const char *plain);

/* The plain text of a sealed value (malloc'd), or NULL when it is not sealed by one of the keys
 * or was changed. */
char *pii_open(const struct pii_keys *k, const char *sealed);

/* 1 when text has the sealed form; 2 when it is sealed under the current key. */
int pii_sealed(const struct pii_keys *k, const char *text);

/* The blind index of plain (hex, PII_INDEX_LEN + 1 bytes): equal values give equal indexes
 * under one key, and nothing about the value can be learnt from it without the key. */
void pii_index(const struct pii_keys *k, const char *plain, char out[PII_INDEX_LEN + 1]);

#endif

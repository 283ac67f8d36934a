/* pii.c: sealing personal data at rest and its blind index (see pii.h). */
#include "core/pii.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "pii1:"
#define PREFIX_LEN (sizeof PREFIX - 1)

/* out = BLAKE2b-256(secret) keyed by a purpose label, so one secret gives independent keys. */
static void derive(unsigned char out[PII_KEY_BYTES], const char *secret, const char *purpose)
{
	crypto_generichash(out, PII_KEY_BYTES, (const unsigned char *)secret, strlen(secret),
			   (const unsigned char *)purpose, strlen(purpose));
}

static void key_id(char out[PII_KID_LEN + 1], const unsigned char seal[PII_KEY_BYTES])
{
	unsigned char h[PII_KID_LEN / 2];
	crypto_generichash(h, sizeof h, seal, PII_KEY_BYTES, NULL, 0);
	sodium_bin2hex(out, PII_KID_LEN + 1, h, sizeof h);
}

int pii_keys_init(struct pii_keys *k, const char *secret, const char *old_secret)
{
	memset(k, 0, sizeof(*k));
	if (!secret || strlen(secret) < 32 || (old_secret && *old_secret && strlen(old_secret) < 32))
		return -1;
	derive(k->seal, secret, "qiao pii seal key");
	derive(k->index, secret, "qiao pii index key");
	key_id(k->kid, k->seal);
	if (old_secret && *old_secret) {
		derive(k->old_seal, old_secret, "qiao pii seal key");
		key_id(k->old_kid, k->old_seal);
		k->has_old = 1;
	}
	return 0;
}

char *pii_seal(const struct pii_keys *k, const char *plain)
{
	size_t n = strlen(plain);
	size_t raw_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *raw = malloc(raw_len);
	size_t b64_len = sodium_base64_encoded_len(raw_len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	char *out = malloc(PREFIX_LEN + PII_KID_LEN + 1 + b64_len);
	if (!raw || !out) {
		free(raw);
		free(out);
		return NULL;
	}
	randombytes_buf(raw, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(raw + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, raw,
			      k->seal);
	memcpy(out, PREFIX, PREFIX_LEN);
	memcpy(out + PREFIX_LEN, k->kid, PII_KID_LEN);
	out[PREFIX_LEN + PII_KID_LEN] = ':';
	sodium_bin2base64(out + PREFIX_LEN + PII_KID_LEN + 1, b64_len, raw, raw_len,
			  sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	free(raw);
	return out;
}

int pii_sealed(const struct pii_keys *k, const char *text)
{
	if (!text || strncmp(text, PREFIX, PREFIX_LEN) != 0 || strlen(text) < PREFIX_LEN + PII_KID_LEN + 1 ||
	    text[PREFIX_LEN + PII_KID_LEN] != ':')
		return 0;
	return memcmp(text + PREFIX_LEN, k->kid, PII_KID_LEN) == 0 ? 2 : 1;
}

char *pii_open(const struct pii_keys *k, const char *sealed)
{
	int which = pii_sealed(k, sealed);
	const unsigned char *key = which == 2 ? k->seal : NULL;
	if (which == 1 && k->has_old && memcmp(sealed + PREFIX_LEN, k->old_kid, PII_KID_LEN) == 0)
		key = k->old_seal;
	if (!key)
		return NULL;
	const char *b64 = sealed + PREFIX_LEN + PII_KID_LEN + 1;
	size_t cap = strlen(b64), raw_len;
	unsigned char *raw = malloc(cap + 1);
	if (!raw || sodium_base642bin(raw, cap + 1, b64, cap, NULL, &raw_len, NULL,
				      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
	    raw_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
		free(raw);
		return NULL;
	}
	size_t n = raw_len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *plain = malloc(n + 1);
	if (!plain || crypto_secretbox_open_easy((unsigned char *)plain,
						 raw + crypto_secretbox_NONCEBYTES,
						 raw_len - crypto_secretbox_NONCEBYTES, raw, key) != 0) {
		free(raw);
		free(plain);
		return NULL;
	}
	plain[n] = '\0';
	free(raw);
	return plain;
}

void pii_index(const struct pii_keys *k, const char *plain, char out[PII_INDEX_LEN + 1])
{
	unsigned char h[PII_INDEX_LEN / 2];
	crypto_generichash(h, sizeof h, (const unsigned char *)plain, strlen(plain), k->index,
			   PII_KEY_BYTES);
	sodium_bin2hex(out, PII_INDEX_LEN + 1, h, sizeof h);
}

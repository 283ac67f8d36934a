/* fuzz_token.c: libFuzzer harness for token_verify: the input as a whole token, and, signed
 * with the secret so the checks after the signature are reached, as the payload JSON under a
 * sound header and as the header JSON over a sound payload. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/token.h"

static const char secret[] = "fuzz-secret-0123456789abcdef0123456789";
static const time_t now = 1700000000;

static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
static const char payload[] = "{\"sub\":\"42\",\"role\":\"advisor\","
			      "\"jti\":\"0123456789abcdef0123456789abcdef\","
			      "\"iat\":1700000000,\"exp\":4102444800}";

/* Appends the base64url form of data (no padding) at w; returns the new end. */
static char *b64url(char *w, const void *data, size_t n)
{
	sodium_bin2base64(w, sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
			  data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return w + strlen(w);
}

/* header.payload.signature, HMAC-SHA256 under the secret (caller frees). */
static char *sign(const void *head, size_t head_len, const void *body, size_t body_len)
{
	size_t cap = sodium_base64_ENCODED_LEN(head_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING) +
		     sodium_base64_ENCODED_LEN(body_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING) +
		     sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,
					       sodium_base64_VARIANT_URLSAFE_NO_PADDING) + 2;
	char *token = malloc(cap), *w = token;
	if (!token)
		abort();
	w = b64url(w, head, head_len);
	*w++ = '.';
	w = b64url(w, body, body_len);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, sizeof secret - 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)token, (size_t)(w - token));
	crypto_auth_hmacsha256_final(&st, mac);
	*w++ = '.';
	b64url(w, mac, sizeof mac);
	return token;
}

/* What token.h promises of an accepted token. */
static void verify(const char *token)
{
	struct token_claims c;
	if (token_verify(secret, token, now, &c) != 0)
		return;
	if (c.sub <= 0 || c.exp <= now || strlen(c.jti) != TOKEN_JTI_LEN ||
	    strlen(c.role) >= sizeof c.role)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = malloc(size + 1);
	if (!raw)
		abort();
	memcpy(raw, data, size);
	raw[size] = '\0';
	verify(raw);
	free(raw);

	char *t = sign(header, sizeof header - 1, data, size);
	verify(t);
	free(t);
	t = sign(data, size, payload, sizeof payload - 1);
	verify(t);
	free(t);
	return 0;
}

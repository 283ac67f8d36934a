/* formats.c: contact-detail formats shared by imports and edits. */
#include "core/formats.h"

#include <ctype.h>
#include <string.h>

int mobile_valid(const char *s)
{
	if (strlen(s) != 11 || s[0] != '1')
		return 0;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

int email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);
	return at && at != s && strchr(at + 1, '.') && !strchr(at + 1, '@') && n <= 120 &&
	       !strpbrk(s, " ,;<>\"") && at[1] != '.' && s[n - 1] != '.';
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0))) ||
	    (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))))
		return 0;
	return n;
}

void utf8_scrub(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p;) {
		size_t n = utf8_sequence(p);
		if (n == 0)
			*p++ = '?';
		else
			p += n;
	}
}

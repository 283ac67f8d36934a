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

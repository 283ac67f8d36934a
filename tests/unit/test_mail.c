/* test_mail.c: the message the outbox sends: its headers and its UTF-8 subject and body. */
#include "unit.h"

#include <sodium.h>
#include <stdlib.h>

#include "tasks/mail.h"

/* The body after the blank line, decoded from its base64 lines. */
static char *decoded_body(const char *msg)
{
	const char *start = strstr(msg, "\r\n\r\n") + 4;
	char *joined = calloc(1, strlen(start) + 1), *out = calloc(1, strlen(start) + 1);
	for (size_t i = 0, n = 0; start[i]; i++)
		if (start[i] != '\r' && start[i] != '\n')
			joined[n++] = start[i];
	size_t len;
	assert_int_equal(sodium_base642bin((unsigned char *)out, strlen(start), joined, strlen(joined), NULL, &len,
					   NULL, sodium_base64_VARIANT_ORIGINAL),
			 0);
	out[len] = '\0';
	free(joined);
	return out;
}

static void headers_and_encoding(void **state)
{
	(void)state;
	assert_int_not_equal(sodium_init(), -1);
	char *msg = mail_message("career@qiao.test", "hr@example.cn", "账号申诉已通过", "你好\n请设置新密码。",
				 1788220800, "qiao.1.abc@qiao.test");
	assert_non_null(strstr(msg, "Date: Tue, 01 Sep 2026 00:00:00 +0000\r\n"));
	assert_non_null(strstr(msg, "From: <career@qiao.test>\r\nTo: <hr@example.cn>\r\n"));
	/* 账号申诉已通过 in UTF-8, base64 */
	assert_non_null(strstr(msg, "Subject: =?UTF-8?B?6LSm5Y+355Sz6K+J5bey6YCa6L+H?=\r\n"));
	assert_non_null(strstr(msg, "Message-ID: <qiao.1.abc@qiao.test>\r\n"));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"));
	char *body = decoded_body(msg);
	assert_string_equal(body, "你好\n请设置新密码。");
	free(body);
	free(msg);
}

static void long_bodies_in_short_lines(void **state)
{
	(void)state;
	char text[1000];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	char *msg = mail_message("a@b.cn", "c@d.cn", "s", text, 0, "m@b.cn");
	const char *line = strstr(msg, "\r\n\r\n") + 4;
	for (const char *end; (end = strstr(line, "\r\n")); line = end + 2)
		assert_true(end - line <= 76); /* RFC 2045 */
	char *body = decoded_body(msg);
	assert_string_equal(body, text);
	free(body);
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(headers_and_encoding),
	    cmocka_unit_test(long_bodies_in_short_lines),
	};
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}

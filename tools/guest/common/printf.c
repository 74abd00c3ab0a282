// SPDX-License-Identifier: GPL-2.0
/*
 * Guest console output and a small printf, the same on every architecture;
 * console.c of each architecture provides guest_console_write().
 */
#include "guest.h"

void guest_putchar(char c)
{
	guest_console_write(&c, 1);
}

void guest_puts(const char *s)
{
	guest_console_write(s, strlen(s));
}

/* Minimal printf: %s %c %d %i %u %x %p %%, with l/ll/z, '#', '0' and width. */
struct pbuf {
	char buf[128];
	size_t len;
};

static void pb_putc(struct pbuf *pb, char c)
{
	if (pb->len == sizeof(pb->buf)) {
		guest_console_write(pb->buf, pb->len);
		pb->len = 0;
	}
	pb->buf[pb->len++] = c;
}

static void pb_num(struct pbuf *pb, unsigned long v, unsigned int base,
		   bool neg, bool alt, char pad, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (alt && base == 16) {
		pb_putc(pb, '0');
		pb_putc(pb, 'x');
	}
	if (neg)
		tmp[n++] = '-';
	for (width -= n; width > 0; width--)
		pb_putc(pb, pad);
	while (n)
		pb_putc(pb, tmp[--n]);
}

void guest_printf(const char *fmt, ...)
{
	struct pbuf pb = { .len = 0 };
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		bool alt = false, is_long = false;
		unsigned long uv;
		char pad = ' ';
		int width = 0;
		long sv;

		if (*fmt != '%') {
			pb_putc(&pb, *fmt);
			continue;
		}
		fmt++;
		/* Flags: '#' is honoured, '-' and '+' are accepted. */
		while (*fmt == '#' || *fmt == '-' || *fmt == '+') {
			if (*fmt == '#')
				alt = true;
			fmt++;
		}
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l' || *fmt == 'z') {
			is_long = true;
			fmt++;
		}

		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			for (s = s ? s : "(null)"; *s; s++)
				pb_putc(&pb, *s);
			break;
		}
		case 'c':
			pb_putc(&pb, (char)va_arg(ap, int));
			break;
		case 'd':
		case 'i':
			sv = is_long ? va_arg(ap, long) : va_arg(ap, int);
			pb_num(&pb, sv < 0 ? -(unsigned long)sv : (unsigned long)sv,
			       10, sv < 0, false, pad, width);
			break;
		case 'u':
		case 'x':
			uv = is_long ? va_arg(ap, unsigned long) :
				       va_arg(ap, unsigned int);
			pb_num(&pb, uv, *fmt == 'u' ? 10 : 16, false, alt,
			       pad, width);
			break;
		case 'p':
			pb_num(&pb, (unsigned long)va_arg(ap, void *), 16,
			       false, true, pad, width);
			break;
		case '\0':
			fmt--;
			break;
		default:
			pb_putc(&pb, *fmt);
			break;
		}
	}
	va_end(ap);
	if (pb.len)
		guest_console_write(pb.buf, pb.len);
}

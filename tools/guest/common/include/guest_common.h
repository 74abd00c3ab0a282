/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The architecture-independent part of the guest runtime's interface,
 * included by each architecture's guest.h.
 */
#ifndef _GUEST_COMMON_H
#define _GUEST_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __noreturn	__attribute__((noreturn))
#define __weak		__attribute__((weak))
#define __aligned(x)	__attribute__((aligned(x)))
#define barrier()	asm volatile("" ::: "memory")
#define READ_ONCE(x)	(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/*
 * Console (common/printf.c); console.c of the architecture provides
 * guest_console_write(): write @len bytes of @s to the console.
 */
void guest_console_write(const char *s, size_t len);
void guest_putchar(char c);
void guest_puts(const char *s);
void guest_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The few libc functions the compiler may call (common/string.c). */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif /* _GUEST_COMMON_H */

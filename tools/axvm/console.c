// SPDX-License-Identifier: GPL-2.0
/*
 * axvm console: the guest's SBI console and UART output, merged onto
 * stdout.  The last lines are kept so that a guest kernel panic (seen as
 * "Kernel panic" on the console, as Linux prints it) can be reported with
 * what led to it even when stdout goes nowhere useful.
 *
 * Input comes from stdin as it is (a terminal stays in its cooked mode, so
 * the guest gets whole lines and ^C still ends axvm), through a thread that
 * fills a small buffer for whichever console the guest reads.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "axvm.h"

#define TAIL_LINES	40
#define LINE_MAX_LEN	256

static struct {
	pthread_mutex_t lock;
	struct axvm *m;
	char lines[TAIL_LINES][LINE_MAX_LEN];
	unsigned int next;	/* slot of the line being written */
	unsigned int count;	/* complete lines kept */
	size_t len;		/* of the line being written */
	bool used;
} con = { .lock = PTHREAD_MUTEX_INITIALIZER };

#define INPUT_SIZE	1024

static struct {
	pthread_mutex_t lock;
	pthread_cond_t space;
	unsigned char buf[INPUT_SIZE];
	unsigned int head, len;
} in = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.space = PTHREAD_COND_INITIALIZER,
};

/*
 * Tell a device with a receive interrupt (the PL011) that input arrived;
 * the 16550 and the SBI console are polled.  in.lock is not held: the
 * device asks axvm_console_has_input().
 */
static void input_notify(void)
{
	if (con.m && con.m->console_input)
		con.m->console_input(con.m);
}

static void *input_thread(void *arg)
{
	unsigned char buf[256];
	ssize_t n, i;

	(void)arg;
	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;	/* end of input: the guest reads nothing */
		pthread_mutex_lock(&in.lock);
		for (i = 0; i < n; i++) {
			while (in.len == INPUT_SIZE) {
				/* A guest that waits for an interrupt first. */
				pthread_mutex_unlock(&in.lock);
				input_notify();
				pthread_mutex_lock(&in.lock);
				if (in.len == INPUT_SIZE)
					pthread_cond_wait(&in.space, &in.lock);
			}
			in.buf[(in.head + in.len++) % INPUT_SIZE] = buf[i];
		}
		pthread_mutex_unlock(&in.lock);
		input_notify();
	}
}

void axvm_console_init(struct axvm *m)
{
	pthread_t thread;

	con.m = m;
	/*
	 * A background job reading its terminal would be stopped (SIGTTIN):
	 * then, as when the thread cannot start, the guest gets no input.
	 */
	if (isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) != getpgrp())
		return;
	if (!pthread_create(&thread, NULL, input_thread, NULL))
		pthread_detach(thread);
}

bool axvm_console_has_input(void)
{
	bool ret;

	pthread_mutex_lock(&in.lock);
	ret = in.len;
	pthread_mutex_unlock(&in.lock);
	return ret;
}

int axvm_console_getc(void)
{
	int c = -1;

	pthread_mutex_lock(&in.lock);
	if (in.len) {
		c = in.buf[in.head];
		in.head = (in.head + 1) % INPUT_SIZE;
		in.len--;
		pthread_cond_signal(&in.space);
	}
	pthread_mutex_unlock(&in.lock);
	return c;
}

/* A line is complete: look for a panic and move on to the next slot. */
static void end_line(void)
{
	const char *line = con.lines[con.next];

	if (strstr(line, "---[ end Kernel panic"))
		axvm_panic_seen(con.m, true);
	else if (strstr(line, "Kernel panic"))
		axvm_panic_seen(con.m, false);
	con.next = (con.next + 1) % TAIL_LINES;
	if (con.count < TAIL_LINES)
		con.count++;
	con.len = 0;
	con.lines[con.next][0] = '\0';
}

void axvm_console_write(const void *buf, size_t len)
{
	const char *p = buf;
	size_t i;

	pthread_mutex_lock(&con.lock);
	con.used |= len > 0;
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
	for (i = 0; i < len; i++) {
		char c = p[i];

		if (c == '\n') {
			end_line();
			continue;
		}
		if (c == '\r' || con.len >= LINE_MAX_LEN - 1)
			continue;
		con.lines[con.next][con.len++] = c;
		con.lines[con.next][con.len] = '\0';
	}
	pthread_mutex_unlock(&con.lock);
}

bool axvm_console_used(void)
{
	bool ret;

	pthread_mutex_lock(&con.lock);
	ret = con.used;
	pthread_mutex_unlock(&con.lock);
	return ret;
}

void axvm_console_dump_tail(FILE *f)
{
	unsigned int i, first;

	pthread_mutex_lock(&con.lock);
	first = (con.next + TAIL_LINES - con.count) % TAIL_LINES;
	for (i = 0; i < con.count; i++)
		fprintf(f, "| %s\n", con.lines[(first + i) % TAIL_LINES]);
	if (con.len)
		fprintf(f, "| %s\n", con.lines[con.next]);
	pthread_mutex_unlock(&con.lock);
	fflush(f);
}

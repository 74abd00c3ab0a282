// SPDX-License-Identifier: GPL-2.0
/*
 * axvm console: the guest's SBI console and UART output, merged onto
 * stdout.  The last lines are kept so that a guest kernel panic (seen as
 * "Kernel panic" on the console, as Linux prints it) can be reported with
 * what led to it even when stdout goes nowhere useful.
 */
#include <pthread.h>
#include <string.h>

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
} con = { .lock = PTHREAD_MUTEX_INITIALIZER };

void axvm_console_init(struct axvm *m)
{
	con.m = m;
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

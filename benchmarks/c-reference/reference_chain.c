/*
 * Plain C reference loop for the HccSim reference chain (issue #2): the floor the engine is compared with.
 *
 * States 0 intermediate, 1 response, 2 cured, 3 progressed, 4 dead; constant monthly rates
 * q12 0.10, q14 0.05, q15 0.01, q23 0.04, q24 0.03, q25 0.005, q34 0.01, q35 0.003, q45 0.08; 120-month horizon.
 *
 * Per patient: a xoshiro256** generator seeded by SplitMix64 from a key mixed from (seed, patient), as the
 * engine does (so patients are independent of order and thread); in each state one exponential draw from the
 * total exit rate gives the sojourn, one uniform picks the exit in proportion to its rate; a death inside the
 * horizon is counted in an OS histogram of 0.01-month bins. Nothing else: no occupancy, no economics, no
 * progression-free survival, no exact sums. It is the minimum work the engine's reference run contains.
 *
 * Usage: reference_chain [patients=10000000] [repeats=3] [seed=1]; prints the best repeat's patients/s.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NSTATES 5
#define DEAD 4
#define HORIZON 120.0
#define BINS_PER_MONTH 100
#define NBINS (120 * BINS_PER_MONTH + 1)

static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t splitmix_next(uint64_t *s) {
    *s += 0x9E3779B97F4A7C15ULL;
    return mix64(*s);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

typedef struct { uint64_t s0, s1, s2, s3; } xoshiro;

static inline uint64_t xo_next(xoshiro *r) {
    uint64_t result = rotl(r->s1 * 5, 7) * 9;
    uint64_t t = r->s1 << 17;
    r->s2 ^= r->s0;
    r->s3 ^= r->s1;
    r->s1 ^= r->s2;
    r->s0 ^= r->s3;
    r->s2 ^= t;
    r->s3 = rotl(r->s3, 45);
    return result;
}

static inline double xo_uniform(xoshiro *r) { return (double)(xo_next(r) >> 11) * 0x1.0p-53; }              /* [0, 1) */
static inline double xo_open_closed(xoshiro *r) { return (double)((xo_next(r) >> 11) + 1) * 0x1.0p-53; }   /* (0, 1] */

/* Exits per state, flattened: target and rate; total rate per state. */
static int first_exit[NSTATES], exit_count[NSTATES], exit_target[16];
static double exit_rate[16], total_rate[NSTATES];

static void build_chain(void) {
    static const double q[NSTATES][NSTATES] = {
        {0, 0.10, 0, 0.05, 0.01},
        {0, 0, 0.04, 0.03, 0.005},
        {0, 0, 0, 0.01, 0.003},
        {0, 0, 0, 0, 0.08},
        {0, 0, 0, 0, 0},
    };
    int n = 0;
    for (int i = 0; i < NSTATES; i++) {
        first_exit[i] = n;
        total_rate[i] = 0;
        for (int j = 0; j < NSTATES; j++)
            if (q[i][j] > 0) { exit_target[n] = j; exit_rate[n] = q[i][j]; total_rate[i] += q[i][j]; n++; }
        exit_count[i] = n - first_exit[i];
    }
}

static uint64_t os_events[NBINS];
static uint64_t transitions;

static void simulate(uint64_t seed, uint64_t patient) {
    uint64_t key = mix64(mix64(seed ^ 0x6A09E667F3BCC909ULL) ^ patient);
    xoshiro r = { splitmix_next(&key), splitmix_next(&key), splitmix_next(&key), splitmix_next(&key) };
    if ((r.s0 | r.s1 | r.s2 | r.s3) == 0) r.s0 = 0x9E3779B97F4A7C15ULL;

    double t = 0;
    int state = 0;
    while (state != DEAD) {
        double total = total_rate[state];
        t += -log(xo_open_closed(&r)) / total;
        if (t > HORIZON) return; /* censored: alive at the horizon */
        int first = first_exit[state], last = first + exit_count[state] - 1, e = last;
        double u = xo_uniform(&r) * total, acc = 0;
        for (int j = first; j < last; j++) { acc += exit_rate[j]; if (u < acc) { e = j; break; } }
        state = exit_target[e];
        transitions++;
    }
    os_events[t <= 0 ? 0 : (int)ceil(t * BINS_PER_MONTH)]++;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    long long patients = argc > 1 ? atoll(argv[1]) : 10000000LL;
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    build_chain();

    double best = 0;
    for (int rep = 0; rep < repeats; rep++) {
        memset(os_events, 0, sizeof os_events);
        transitions = 0;
        double t0 = now();
        for (long long p = 0; p < patients; p++) simulate(seed, (uint64_t)p);
        double secs = now() - t0;
        double rate = patients / secs;
        if (rate > best) best = rate;
        printf("repeat %d: %.3f s, %.2f M patients/s\n", rep + 1, secs, rate / 1e6);
    }

    /* Read the histogram back, so the work cannot be optimised away, and as a sanity check against the engine. */
    uint64_t deaths = 0, by60 = 0;
    for (int b = 0; b < NBINS; b++) { deaths += os_events[b]; if (b <= 60 * BINS_PER_MONTH) by60 += os_events[b]; }
    printf("patients %lld, transitions/patient %.4f, dead by 120 m %.5f, OS(60 m) %.5f\n",
           patients, (double)transitions / patients, (double)deaths / patients, 1.0 - (double)by60 / patients);
    printf("best: %.2f M patients/s (one core), %.2f M transitions/s\n",
           best / 1e6, best * ((double)transitions / patients) / 1e6);
    return 0;
}

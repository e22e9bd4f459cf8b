// The decode step's state in device memory, shared by the kernels of one step, so that a captured
// CUDA graph replays unchanged from one token to the next (no kernel argument changes per token):
//   step[STEP_TOKEN]     the token being run (argmax writes the next one here)
//   step[STEP_POSITION]  its position
//   step[STEP_LENGTH]    positions in the KV cache once it is written (position + 1)
#pragma once
#define STEP_TOKEN 0
#define STEP_POSITION 1
#define STEP_LENGTH 2
#define STEP_INTS 4

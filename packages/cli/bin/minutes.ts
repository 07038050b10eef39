#!/usr/bin/env node
import {run} from '../lib/program.ts'

process.exitCode = await run(process.argv)

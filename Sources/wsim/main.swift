import Simulation; print(SimulationVersion.wsim)

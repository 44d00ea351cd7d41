"""A gradient method and an execution mode that only remember their options."""


class ToyGradient:
    name = "toy_gradient"

    def __init__(self, step=0.5):
        self.step = step


class ToyMode:
    name = "toy_mode"
    takes_shots = False

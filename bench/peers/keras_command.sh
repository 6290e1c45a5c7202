# Sourced by kernels.sh and layers.sh: which Keras/TF script times a net. hw3-cnn runs the shared keras_peer.py
# unchanged (--nets cnn), fer-vgg this folder's keras_vgg.py (run.sh's run_peer makes the same choice per round).
#   keras_command ARCH     sets the array KERAS_COMMAND (script and its net argument); needs PEERS_DIR
keras_command() {
  if [ "$1" = hw3-cnn ]; then KERAS_COMMAND=("${PEERS_DIR:?}/keras_peer.py" --nets cnn)
  else KERAS_COMMAND=(bench/peers/keras_vgg.py); fi
}

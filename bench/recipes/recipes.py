"""The recipes explore.py can run, by name (settings only, so summarize.py needs no PyTorch)."""

RECIPES = {
    # arch: wide = fer-cnn-wide (32/64/256/512), narrow = fer-cnn (32/64/128/256), vgg = two convs in every stage of
    # 64/128/256/512; opt sgd = Nesterov momentum 0.9 with L2 weight decay wd; shift in px, rot in degrees, zoom as a
    # fraction, erase = probability of one random-noise rectangle (2-20% of the face), ls = label smoothing
    'base36':   dict(arch='wide', epochs=36, opt='adam', lr=1e-3, wd=0, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1),
    'base100':  dict(arch='wide', epochs=100, opt='adam', lr=1e-3, wd=0, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1),
    'strong36': dict(arch='wide', epochs=36, opt='adam', lr=1e-3, wd=0, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'strong100': dict(arch='wide', epochs=100, opt='adam', lr=1e-3, wd=0, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'sgd36':    dict(arch='wide', epochs=36, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'sgd100':   dict(arch='wide', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'adamw36':  dict(arch='wide', epochs=36, opt='adamw', lr=1e-3, wd=0.05, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'vgg36':    dict(arch='vgg', epochs=36, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'narrow36': dict(arch='narrow', epochs=36, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'sgd24':    dict(arch='wide', epochs=24, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'vgg100': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1),
    'vggsb100': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1),
    'vggab60': dict(arch='vgg', epochs=60, opt='adam', lr=1e-3, wd=0, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1),
    'vggsb60': dict(arch='vgg', epochs=60, opt='sgd', lr=0.05, wd=5e-4, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1),
    'sgdbase100': dict(arch='wide', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1),
    'sgdbase36': dict(arch='wide', epochs=36, opt='sgd', lr=0.05, wd=5e-4, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1),
    # run 3: stochastic weight averaging (swa = first averaged epoch), a second seed, all training faces
    'vgg100swa': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=76),
    'vgg100swalr': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=76, swa_lr=0.01),
    'vgg100s7swa': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=76, seed=7),
    'vgg100fullswa': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=76, full=True),
    'sgdbase100swa': dict(arch='wide', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=4, rot=10, zoom=0.1, erase=0, ls=0.1, swa=76),
    # run 4: SWA with a constant learning rate (swa_lr), 60 or 100 epochs, all training faces, a second seed
    'vgg100fullswalr': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=76, swa_lr=0.01, full=True),
    'vgg100s7swalr': dict(arch='vgg', epochs=100, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=76, swa_lr=0.01, seed=7),
    'vgg60swalr': dict(arch='vgg', epochs=60, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=46, swa_lr=0.01),
    'vgg60s7swalr': dict(arch='vgg', epochs=60, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=46, swa_lr=0.01, seed=7),
    'vgg60fullswalr': dict(arch='vgg', epochs=60, opt='sgd', lr=0.05, wd=5e-4, shift=6, rot=15, zoom=0.15, erase=0.5, ls=0.1, swa=46, swa_lr=0.01, full=True),
}

